module example.com/inlinedparam

go 1.19
