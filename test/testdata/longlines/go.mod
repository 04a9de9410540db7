module example.com/longlines

go 1.19
