// Package audit is schleuse's audit log: one record per inspected request,
// without prompts, raw finding values or (by default) user names, hash-chained
// per proxy node, written asynchronously to SQLite (default) or PostgreSQL.
//
// Writing, on the proxy's request path:
//
//	l, err := audit.Open(ctx, audit.Config{Dir: stateDir})   // or Store: "postgres://…"
//	defer l.Close()                                          // flushes everything
//	err = l.Log(audit.Entry{RequestID: id, UserName: user, Action: "redact",
//		Findings: map[string]int{"IBAN": 1},
//		Values:   []audit.TypedValue{{Type: "IBAN", Value: raw}}}) // fingerprinted inside, never stored
//	if err != nil { /* block the request: it cannot be audited */ }
//
// Log pseudonymises the user (keyed HMAC), fingerprints the values (keyed
// HMAC), chains the record (SHA-256 over a canonical encoding that includes
// the previous hash), appends it to a journal (no fsync) and queues it; one
// writer goroutine commits batches. A record whose Log returned nil survives
// a crash of the process (kill -9): the next Open replays the journal. If the
// store fails, batches go to an fsynced spill file and are replayed later;
// if that fails too, Log returns ErrUnavailable. Flush waits until everything
// logged so far is durable against a power loss as well.
//
// Reading, for the CLI and the auditor web view (the same for both stores):
//
//	r, err := audit.OpenReader(ctx, cfg)
//	recs, err := r.Query(ctx, audit.Filter{Value: "DE89 3704 0044 0532 0130 00"}) // was it ever sent?
//	res, err := r.Verify(ctx)                 // first broken record per node chain
//	res, err = r.Verify(ctx, audit.Anchor{Node: "vm", Seq: 5, Hash: noted}) // and a hash noted outside
//	st, err := r.Stats(ctx, audit.Filter{})   // per day, service, action, type
//	rep, err := r.UsageReport(ctx, "2026-11") // per service and month
//	audit.WriteRecords(os.Stdout, recs, "csv", audit.CSVOptions{Semicolon: true})
//	mux.Handle("/audit/", http.StripPrefix("/audit", audit.Handler(r)))
//
// docs/audit.md documents the record, the canonical encoding, the fsync
// policy, retention and the four-eyes procedure for revealing a pseudonym.
package audit
