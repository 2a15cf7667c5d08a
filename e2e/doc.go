// Package e2e drives the to-do page of serve/cmd in headless Chromium.
//
// It is a module of its own so that chromedp never enters the main
// module's dependencies. Run it with e2e/run.sh, which installs Chromium
// when it is missing and builds the server; the test lives in
// todo_test.go.
package e2e
