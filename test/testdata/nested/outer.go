package outer

func Outer() *int { v := 1; return &v }
