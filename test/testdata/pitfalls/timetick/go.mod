module example.com/timetick

go 1.21
