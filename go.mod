module github.com/ae7539e0/httparse

go 1.26

require github.com/google/go-cmp v0.7.0
