module example.com/layoutreorder

go 1.19
