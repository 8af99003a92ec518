package audit

import "errors"

// Problem says what an error of opening or reading the log means for
// whoever reads it, so that a command can say so in German first
// (cmd/schleuse: what auditors and DPOs read is German first); the error's
// text stays the English one the package always wrote.
type Problem int

const (
	NoProblem          Problem = iota
	ProblemNoDatabase          // no audit.db in the state directory
	ProblemNoAccess            // the state directory or audit.db cannot be read by this account
	ProblemNotAuditLog         // a database without the log's tables
	ProblemDamaged             // audit.db is damaged or no SQLite database (SQLITE_CORRUPT, SQLITE_NOTADB)
	ProblemDiskFull            // the file system of state_dir is full (SQLITE_FULL)
	ProblemLocked              // another program holds audit.db locked (SQLITE_BUSY, SQLITE_LOCKED)
	ProblemUnreachable         // the PostgreSQL log cannot be reached
	ProblemNoKeys              // the key file cannot be read: no value or user-name search, no reveal
	ProblemWrongKeys           // the key file is none of the log's key periods: no value or user-name search, no reveal
	ProblemKeyPeriods          // table audit_keys damaged or altered (ErrKeyPeriods)
)

// problemError marks err with its Problem and the file or directory it
// concerns (Where; "" for a PostgreSQL log, whose URL may hold a password).
type problemError struct {
	problem Problem
	where   string
	err     error
}

func (e *problemError) Error() string { return e.err.Error() }
func (e *problemError) Unwrap() error { return e.err }

func mark(p Problem, where string, err error) error {
	return &problemError{problem: p, where: where, err: err}
}

// ProblemOf is the Problem of err and the file or directory it concerns,
// NoProblem for an error the reader did not classify.
func ProblemOf(err error) (Problem, string) {
	if pe, ok := errors.AsType[*problemError](err); ok {
		return pe.problem, pe.where
	}
	return NoProblem, ""
}
