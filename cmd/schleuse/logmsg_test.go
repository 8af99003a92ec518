package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// logMsgArg is, for each slog method, the index of its message argument.
var logMsgArg = map[string]int{
	"Debug": 0, "Info": 0, "Warn": 0, "Error": 0,
	"DebugContext": 1, "InfoContext": 1, "WarnContext": 1, "ErrorContext": 1,
	"Log": 2, "LogAttrs": 2,
}

// TestLogMessagesGermanFirst: every operator log line that this program,
// the proxy and telemetry write with a message written out in the source
// (a literal, or literals joined with +) is German first, the English
// after " / ", as ops43 made the CA, audit and reload lines; a message put
// together at run time (policyDE, a variable) is checked by the tests of
// its line. Before, the start and stop lines, OpenTelemetry's and the
// per-request lines of the proxy ("upstream request failed", "request
// blocked: cannot inspect", goproxy's and net/http's) were English only.
func TestLogMessagesGermanFirst(t *testing.T) {
	var files []string
	for _, dir := range []string{".", "../../proxy", "../../telemetry"} {
		m, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range m {
			if !strings.HasSuffix(f, "_test.go") {
				files = append(files, f)
			}
		}
	}
	fset := token.NewFileSet()
	checked := 0
	for _, f := range files {
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			i, ok := logMsgArg[sel.Sel.Name]
			if !ok || len(call.Args) <= i || (i == 2 && len(call.Args) < 3) {
				return true
			}
			msg, ok := literalString(call.Args[i])
			if !ok {
				return true
			}
			checked++
			de, en, found := strings.Cut(msg, " / ")
			if !found || de == "" || en == "" {
				t.Errorf("%s: log message not German first (\"DE / EN\"): %q", fset.Position(call.Pos()), msg)
			}
			return true
		})
	}
	if checked < 60 {
		t.Errorf("only %d log messages found: does the test still find the calls?", checked)
	}
}

// literalString is e's value when e is a string literal or literals
// joined with +.
func literalString(e ast.Expr) (string, bool) {
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(x.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return "", false
		}
		a, ok := literalString(x.X)
		if !ok {
			return "", false
		}
		b, ok := literalString(x.Y)
		return a + b, ok
	case *ast.ParenExpr:
		return literalString(x.X)
	}
	return "", false
}
