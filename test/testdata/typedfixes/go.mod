module example.com/typedfixes

go 1.21
