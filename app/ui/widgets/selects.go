package widgets

import (
	"fyne.io/fyne/v2/widget"

	"tusk/app/store"
	"tusk/i18n"
)

// LanguageSelect offers the five languages by their own names.
func LanguageSelect(selected string, onChange func(code string)) *widget.Select {
	names := make([]string, len(i18n.Languages))
	for i, l := range i18n.Languages {
		names[i] = l.Name
	}
	s := NewSelect(names, nil)
	s.SetSelected(i18n.Name(selected))
	s.OnChanged = func(name string) {
		for _, l := range i18n.Languages {
			if l.Name == name && onChange != nil {
				onChange(l.Code)
			}
		}
	}
	return s
}

// SelectedLanguage maps a language select's display name back to its code.
func SelectedLanguage(s *widget.Select) string {
	for _, l := range i18n.Languages {
		if l.Name == s.Selected {
			return l.Code
		}
	}
	return i18n.Default
}

// RoleSelect offers the roles by their translated names.
func RoleSelect(selected store.Role) *widget.Select {
	names := make([]string, len(store.Roles))
	for i, r := range store.Roles {
		names[i] = i18n.T("role." + string(r))
	}
	s := NewSelect(names, nil)
	s.SetSelected(i18n.T("role." + string(selected)))
	return s
}

// SelectedRole maps a role select's display name back to its role.
func SelectedRole(s *widget.Select) store.Role {
	for _, r := range store.Roles {
		if i18n.T("role."+string(r)) == s.Selected {
			return r
		}
	}
	return ""
}
