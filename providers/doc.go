// Package providers understands the request formats of LLM services: it
// finds the text a person typed or pasted, rewrites it in place, and
// renders a block answer the client shows natively.
//
// A tour:
//
//   - Router (NewRouter(DefaultRoutes())) maps host glob, method and path
//     regexp to an Adapter. Routes are data (the routes key of the
//     configuration), so a format change on a web app is fixed by config.
//   - DecodeBody undoes Content-Encoding (gzip, deflate, br, zstd, stacked)
//     under a decoded-size cap; bombs fail with ErrTooLarge.
//   - Adapter.Extract returns an Envelope: Fields with their Kind (UserText,
//     SystemText, History, File, ToolOutput), model, conversation id,
//     whether the client streams, and the request kind for the policy.
//   - Adapter.Apply splices Edits (byte offsets into Field.Text) into the
//     original body through every encoding layer (form value → JSON string
//     → JSON string for Gemini web) and runs adapter fix-ups (DeepL web
//     timestamp). Bytes outside the edited strings stay as they were.
//   - Adapter.Block renders a Notice as the service's own error shape, or as
//     a synthetic answer where the web app only renders that (claude.ai SSE,
//     DeepL web JSON-RPC result).
//   - Optional interfaces, found by type assertion: ResponseLearner (upload
//     URLs), WebSocketInspector (Copilot frames), StreamFormat (how the
//     answer is encoded, for the pseudonym restorer).
//   - Fallback() reads unknown shapes (every JSON string, form value, text
//     part) so they can be blocked; it never rewrites (ErrCannotRedact).
//
// Every parse error wraps ErrMalformed; callers block on any error (fail
// closed). Errors and Field.Name never contain field values. All exported
// types are safe for concurrent use unless noted.
package providers
