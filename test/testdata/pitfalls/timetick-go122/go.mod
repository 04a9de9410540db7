module example.com/timetick122

go 1.22
