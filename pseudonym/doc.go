// Package pseudonym replaces personal values in prompts by placeholders and
// puts the original values back into the answers of the LLM service.
//
// A Store holds one Mapping per conversation, in memory only, with a sliding
// TTL and an LRU size bound. On the request path the caller asks the policy
// which operator to use per finding type and calls Mapping.Replace for every
// finding:
//
//	m := store.Conversation(user + "\x00" + service + "\x00" + conversationID)
//	repl := m.Replace("pseudonym", "PERSON", "Yılmaz") // "[PERSON_1]"
//
// On the response path the body is wrapped so that placeholders issued in this
// conversation are turned back into the original values while the answer
// streams:
//
//	resp.Body = pseudonym.NewRestorer(m, pseudonym.Format{Kind: "sse"}, resp.Body)
//
// Only placeholders issued by the conversation's own Mapping are restored,
// also as a model may rewrite them ("[Person 1]", "\[PERSON\_1\]", a bare
// "PERSON_1"; see variant.go), never inside a URL; anything else that looks like a placeholder ("[PERSON_7]" invented by the
// model) stays as it is. The values are never logged: no type of this package
// has a String or Format method, and errors never carry values.
package pseudonym
