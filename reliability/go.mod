module github.com/ae7539e0/httparse/reliability

go 1.26

require (
	github.com/ae7539e0/httparse v0.0.0-00010101000000-000000000000
	github.com/ae7539e0/httparse/serve v0.0.0-00010101000000-000000000000
	github.com/google/go-cmp v0.7.0
)

replace github.com/ae7539e0/httparse => ../

replace github.com/ae7539e0/httparse/serve => ../serve
