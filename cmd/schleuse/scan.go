package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/extract"
	"github.com/schleuse/schleuse/proxy"
)

func newScanCmd(g *globals) *cobra.Command {
	var redact bool
	var types []string
	var lexDir string
	cmd := &cobra.Command{
		Use:   "scan [FILE...]",
		Short: "Find personal and confidential data; JSON Lines, one finding per line",
		Long: `scan reads the files (or stdin) and prints one JSON object per finding:
{"type":"IBAN","start":12,"end":34,"score":0.97}  — byte offsets into the UTF-8 input.
With several files each line also carries "file". --redact prints the text with
findings replaced by placeholders like [IBAN_1] instead. The text is read as
the proxy reads a prompt: HTML character references decoded, invisible
characters (soft hyphen, zero-width space) and stray combining marks left out,
no-break spaces as blanks, fullwidth and mathematical forms, other scripts'
digits and Cyrillic or Greek look-alikes inside a Latin word as ASCII,
a dash or middle dot inside a name or a number as a hyphen or blank, a
number like 86095742719.0 or 8.6095742719e10 as its digits, an IBAN or
Steuer-ID in pieces joined by ; / , | as spaced groups, a date joined to
words with blanks at its edges; the offsets are those of the input as given. A Word, Excel, PowerPoint,
OpenDocument or PDF file (or UTF-16 or Windows-1252 text) is read as the proxy reads an
upload: the offsets are into its text, which --redact prints; a file the
proxy cannot read (an image, a scanned PDF) is an error. With --config it uses
the configuration's inspect.lexicon_dir, as run does (--lexicons wins). Exit 0
whether or not anything was found.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if lexDir == "" && g.configPath != "" {
				cfg, err := g.load()
				if err != nil {
					return err
				}
				lexDir = cfg.Inspect.LexiconDir
			}
			opts := detectors.Options{}
			known := detectors.AllTypes()
			for _, t := range types {
				t = strings.TrimSpace(t)
				if !slices.Contains(known, t) {
					return fmt.Errorf("--types %q: unbekannte Datenart / unknown finding type (bekannt / known: %s)", t, strings.Join(known, ", "))
				}
				opts.Types = append(opts.Types, t)
			}
			eng, err := detectors.NewWithLexiconDir(opts, lexDir)
			if err != nil {
				if _, without := detectors.NewWithLexiconDir(opts, ""); lexDir != "" && without == nil {
					return lexiconError(lexDir, err) // the DPO's directory, not --types
				}
				return err
			}
			out := bufio.NewWriter(cmd.OutOrStdout())
			if err := scanAll(cmd, out, eng, args, redact); err != nil {
				out.Flush() // what was found before the error
				return err
			}
			if err := out.Flush(); err != nil {
				return fmt.Errorf("write the result: %w", err)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&redact, "redact", false, "print the text with findings replaced by placeholders")
	cmd.Flags().StringSliceVar(&types, "types", nil, "finding types to look for, comma-separated or repeated (default: all)")
	cmd.Flags().StringVar(&lexDir, "lexicons", "", "directory with additions to the word lists (default: inspect.lexicon_dir of --config)")
	return cmd
}

type scanLine struct {
	detectors.Finding
	File string `json:"file,omitempty"`
}

// scanAll scans stdin (no args) or each named file into out.
func scanAll(cmd *cobra.Command, out io.Writer, eng *detectors.Engine, args []string, redact bool) error {
	if len(args) == 0 {
		b, err := io.ReadAll(cmd.InOrStdin())
		if err != nil {
			return fmt.Errorf("read stdin: %w", err)
		}
		if b, err = fileText("", b); err != nil {
			return fmt.Errorf("stdin: %w", err)
		}
		return scanOne(out, eng, b, "", redact)
	}
	for _, name := range args {
		b, err := os.ReadFile(name)
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s gibt es nicht / %w", name, err)
		}
		if err != nil {
			return fmt.Errorf("%s lässt sich nicht lesen / %w", name, err)
		}
		if b, err = fileText(name, b); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		file := ""
		if len(args) > 1 {
			file = name
		}
		if err := scanOne(out, eng, b, file, redact); err != nil {
			return err
		}
	}
	return nil
}

// fileText is the text scan reads from a file: UTF-8 text as it is (the
// offsets are the file's), anything else as the proxy reads an upload
// (Word, Excel, PowerPoint, OpenDocument, PDF, UTF-16: the offsets are
// into the extracted text). What the proxy cannot read (an image, a
// scanned PDF, an old .doc) is an error, as the proxy blocks such an
// upload: before, a .docx (compressed) was scanned as bytes, and scan
// reported nothing for a letter with an IBAN in it.
func fileText(name string, b []byte) ([]byte, error) {
	if utf8.Valid(b) && !bytes.ContainsRune(b, 0) && !bytes.HasPrefix(b, []byte("%PDF")) && !bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		return b, nil
	}
	t, err := extract.Text(name, "", b, 0)
	if err != nil {
		return nil, fmt.Errorf("kein Text zu prüfen (%s); der Proxy blockiert so einen Upload / no text to scan (%w); the proxy blocks such an upload", unreadableDE(err), err)
	}
	return []byte(t), nil
}

// unreadableDE says in German why extract could not read a file.
func unreadableDE(err error) string {
	switch {
	case errors.Is(err, extract.ErrEncrypted):
		return "mit einem Passwort geschützt"
	case errors.Is(err, extract.ErrUnsupported):
		return "Dateityp nicht lesbar; lesbar sind PDF, Word, Excel, PowerPoint, OpenDocument und Text"
	case errors.Is(err, extract.ErrTooLarge):
		return "zu groß"
	case errors.Is(err, extract.ErrCorrupt):
		return "beschädigt oder unvollständig"
	}
	return "nicht lesbar"
}

func scanOne(w io.Writer, eng *detectors.Engine, text []byte, file string, redact bool) error {
	fs := proxy.ScanText(eng, string(text)) // as the proxy reads a prompt
	if redact {
		_, err := w.Write(detectors.Redact(text, fs, detectors.PlaceholderLabel(text)))
		return err
	}
	enc := json.NewEncoder(w)
	for _, f := range fs {
		if err := enc.Encode(scanLine{Finding: f, File: file}); err != nil {
			return err
		}
	}
	return nil
}

// newScanner is the detection engine with the DPO's lexicon additions in
// dir; without a dir the shared default engine.
func newScanner(dir string) (*detectors.Engine, error) {
	if dir == "" {
		return detectors.Default(), nil
	}
	eng, err := detectors.NewWithLexiconDir(detectors.Options{}, dir)
	if err != nil {
		return nil, lexiconError(dir, err)
	}
	return eng, nil
}

// lexiconError says in German first what is wrong with the DPO's word-list
// directory (docs/operations.md §5a, written for DPOs); err names the file.
// A directory that does not exist, a file given for it and one this
// account may not read are said as such: before, each was told to name its
// files like those in detectors/lexicons.
func lexiconError(dir string, err error) error {
	where := dir
	if abs, aerr := filepath.Abs(dir); aerr == nil && abs != dir {
		where = dir + " (" + abs + ", vom Arbeitsverzeichnis aus)"
	}
	path := dir
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		path = pe.Path
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("das Verzeichnis der Wortlisten %s gibt es nicht: den Pfad berichtigen (ohne inspect.lexicon_dir gelten die eingebauten Listen allein) (docs/operations.md, Abschnitt 5a) / the word list directory does not exist: %w", where, err)
	case errors.Is(err, syscall.ENOTDIR):
		return fmt.Errorf("%s ist kein Verzeichnis: hier steht das Verzeichnis, in dem die Wortlisten liegen (z. B. /etc/schleuse/lexicons mit special_health.txt darin; docs/operations.md, Abschnitt 5a) / not a directory: %w", where, err)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%s ist für dieses Benutzerkonto nicht lesbar: dem Dienstkonto von schleuse Leserechte geben (z. B. chgrp schleuse und chmod g+r, beim Verzeichnis g+rx) / permission denied: %w", path, err)
	}
	return fmt.Errorf("die Wortlisten in %s lassen sich nicht verwenden: jede Datei muss so heißen wie eine in detectors/lexicons (z. B. special_health.txt), je Zeile ein Eintrag (docs/operations.md, Abschnitt 5a) / the word lists cannot be used: %w", dir, err)
}
