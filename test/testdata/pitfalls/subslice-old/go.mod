module example.com/subsliceold

go 1.19
