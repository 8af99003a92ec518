package proxy

import (
	"bytes"
	"html/template"
	"net/http"

	"github.com/schleuse/schleuse/config"
)

// blockedServiceResponse answers a request to a service the catalogue
// blocks: a browser's page load gets a page in the style of the first-use
// notice, which names the service and whom to ask, every other request
// (the app's XHR, an API client) the plain text notice.
func blockedServiceResponse(r *http.Request, cfg *config.Config, svc *Service) *http.Response {
	if !navigation(r) {
		return textResponse(r, http.StatusForbidden, blockedServiceDE(svc, cfg.Notice.Contact), blockedServiceEN(svc, cfg.Notice.Contact))
	}
	var b bytes.Buffer
	err := blockedTmpl.Execute(&b, struct {
		Service, Host      string
		WhyDE, WhyEN       string
		Contact, PolicyURL string
		Style              template.CSS
	}{appName(svc), hostOnly(r.URL.Host), svc.WhyDE, svc.WhyEN, cfg.Notice.Contact, cfg.Notice.PolicyURL, template.CSS(noticeStyle)})
	if err != nil {
		panic("proxy: blocked-service template: " + err.Error()) // a fixed template and its data
	}
	return htmlResponse(r, http.StatusForbidden, b.Bytes())
}

var blockedTmpl = template.Must(template.New("blocked").Parse(`<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>schleuse – {{.Service}} ist gesperrt (blocked)</title>
<style>{{.Style}}</style>
</head>
<body>
<main>
<section lang="de" aria-labelledby="h-de">
<h1 id="h-de">{{.Service}} ist gesperrt</h1>
{{if .WhyDE}}<p>Sie rufen {{.Service}} ({{.Host}}) auf, einen KI-Dienst. {{.WhyDE}} Die <b>schleuse</b>, die
Datenschutz-Schleuse Ihrer Verwaltung für KI-Dienste, hat nichts an ihn gesendet.</p>
{{- else}}<p>Sie rufen {{.Service}} ({{.Host}}) auf, einen KI-Dienst. Nach der KI-Richtlinie Ihrer Verwaltung ist
dieser Dienst nicht freigegeben; die <b>schleuse</b>, die Datenschutz-Schleuse Ihrer Verwaltung für
KI-Dienste, hat nichts an ihn gesendet. Bitte nutzen Sie einen freigegebenen KI-Dienst.</p>{{end}}
<p>Fragen beantwortet {{if .Contact}}{{.Contact}}{{else}}Ihre oder Ihr Datenschutzbeauftragte(r){{end}}.
{{- if .PolicyURL}} Die KI-Richtlinie Ihrer Verwaltung: <a href="{{.PolicyURL}}" rel="noreferrer">{{.PolicyURL}}</a>.{{end}}</p>
</section>
<section lang="en" aria-labelledby="h-en">
<h2 id="h-en">{{.Service}} is blocked</h2>
<p>{{if .WhyEN}}{{.WhyEN}} schleuse, your administration's data-protection gateway, sent nothing to it.
{{- else}}Your administration's AI policy does not approve this AI service; schleuse, its data-protection
gateway, sent nothing to it. Please use an approved AI service.{{end}} Questions:
{{if .Contact}}{{.Contact}}{{else}}your data-protection officer{{end}}.
{{- if .PolicyURL}} AI policy: <a href="{{.PolicyURL}}" rel="noreferrer">{{.PolicyURL}}</a>.{{end}}</p>
</section>
</main>
</body>
</html>
`))
