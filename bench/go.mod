module github.com/ae7539e0/httparse/bench

go 1.26.0

require (
	github.com/ae7539e0/httparse v0.0.0-00010101000000-000000000000
	github.com/valyala/fasthttp v1.78.0
)

require (
	github.com/ae7539e0/httparse/serve v0.0.0-00010101000000-000000000000
	github.com/klauspost/compress v1.20.3 // indirect
	github.com/molecule-man/go-brrr v1.3.1 // indirect
	github.com/valyala/bytebufferpool v1.0.0 // indirect
	go.etcd.io/bbolt v1.5.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
)

replace github.com/ae7539e0/httparse => ../

replace github.com/ae7539e0/httparse/serve => ../serve
