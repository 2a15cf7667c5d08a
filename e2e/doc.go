// Package e2e drives the to-do page of serve/cmd in headless Chromium: on
// one server with its bbolt file, and through nginx on two servers that
// share a PostgreSQL database.
//
// It is a module of its own so that chromedp never enters the main
// module's dependencies. Run it with e2e/run.sh, which installs Chromium
// (and nginx and PostgreSQL) when missing and builds the server; the tests
// live in todo_test.go and instances_test.go.
package e2e
