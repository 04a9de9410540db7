module example.com/timetickmain

go 1.21
