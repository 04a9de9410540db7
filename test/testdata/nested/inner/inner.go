package inner

func Inner() *int { v := 2; return &v }
