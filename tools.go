//go:build tools

// This file pins the code generator's version in go.mod; it is never compiled.
package main

import _ "github.com/99designs/gqlgen"
