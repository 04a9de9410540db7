module goescapehints/typeshelper

go 1.19
