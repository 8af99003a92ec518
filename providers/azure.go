package providers

import "strings"

// azureAdapter reads Azure OpenAI: /openai/deployments/{deployment}/… and
// the v1 surface /openai/v1/…. Bodies are OpenAI's; the deployment name is
// the model when the body names none.
type azureAdapter struct{}

func (azureAdapter) Name() string { return "azure-openai" }

func (azureAdapter) Extract(req *Request, body []byte) (*Envelope, error) {
	env, err := extractOpenAI(req, body)
	if err != nil {
		return nil, err
	}
	if env.Model == "" {
		if _, rest, ok := strings.Cut(req.Path, "/openai/deployments/"); ok {
			env.Model, _, _ = strings.Cut(rest, "/")
		}
	}
	return env, nil
}

func (azureAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

// Block answers like OpenAI (Azure's error body has the same error.message
// and error.code, which the OpenAI and Azure SDKs surface).
func (azureAdapter) Block(_ *Request, _ *Envelope, n Notice) Answer { return openAIError(n) }

func (azureAdapter) ResponseFormat(_ *Request, env *Envelope) ResponseFormat { return sseOrJSON(env) }
