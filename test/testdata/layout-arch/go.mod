module example.com/layoutarch

go 1.19
