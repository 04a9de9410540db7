module example.com/goyacc

go 1.19
