module github.com/ae7539e0/httparse/e2e

go 1.26

require (
	github.com/chromedp/cdproto v0.159.0
	github.com/chromedp/chromedp v0.23.0
	github.com/google/go-cmp v0.7.0
)

require (
	github.com/ae7539e0/httparse/serve v0.0.0-00010101000000-000000000000
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
)

replace github.com/ae7539e0/httparse/serve => ../serve

replace github.com/ae7539e0/httparse => ../
