package widgets

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoUntranslatedSelect fails when a screen makes a widget.Select
// without NewSelect here: Fyne would show its English "(Select one)".
func TestNoUntranslatedSelect(t *testing.T) {
	root := filepath.Join("..", "..")
	found := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "NewSelect" {
					if id, ok := sel.X.(*ast.Ident); ok && id.Name == "widget" {
						found++
						if filepath.Base(filepath.Dir(p)) != "widgets" {
							t.Errorf("%s: widget.NewSelect shows Fyne's English \"(Select one)\"; use widgets.NewSelect", p)
						}
					}
				}
			case *ast.CompositeLit:
				if sel, ok := x.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "Select" {
					if id, ok := sel.X.(*ast.Ident); ok && id.Name == "widget" {
						t.Errorf("%s: a widget.Select literal shows Fyne's English \"(Select one)\"; use widgets.NewSelect", p)
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == 0 {
		t.Fatal("found no widget.NewSelect at all: the scan is broken")
	}
}
