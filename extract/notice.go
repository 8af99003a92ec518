package extract

import "errors"

// Notice says, German and English, why an uploaded file whose Text failed
// with err was not uploaded and what the person can do instead: the
// sentences of the notice staff read in the chat window. It names no file
// content.
func Notice(err error) (de, en string) {
	const (
		copyDE = " Die Datei wurde nicht hochgeladen. Sie können den benötigten Text auch in die Nachricht kopieren."
		copyEN = " It was not uploaded; you may copy the text you need into the message instead."
	)
	switch {
	case errors.Is(err, ErrEncrypted):
		return "Die hochgeladene Datei ist mit einem Passwort geschützt; ihr Inhalt kann daher nicht auf personenbezogene Daten geprüft werden. Laden Sie eine Fassung ohne Passwortschutz hoch." + copyDE,
			"The uploaded file is password-protected, so its content cannot be inspected. Upload a copy without the password." + copyEN
	case errors.Is(err, ErrUnsupported):
		return "Dateien dieser Art können nicht gelesen und daher nicht auf personenbezogene Daten geprüft werden. Lesbar sind PDF, Word, Excel und PowerPoint (.docx, .xlsx, .pptx), OpenDocument (.odt, .ods, .odp) und Textdateien: Speichern Sie die Datei in einem dieser Formate und laden Sie sie erneut hoch." + copyDE,
			"Files of this type cannot be read, so they cannot be inspected. PDF, .docx, .xlsx, .pptx, OpenDocument and text files can: save the file as one of them and upload it again." + copyEN
	case errors.Is(err, ErrTooLarge):
		return "Die hochgeladene Datei ist zu groß, um sie auf personenbezogene Daten zu prüfen. Laden Sie nur den Teil hoch, den Sie benötigen." + copyDE,
			"The uploaded file is too large to be inspected. Upload only the part you need." + copyEN
	case errors.Is(err, ErrCorrupt):
		return "Die hochgeladene Datei ist beschädigt oder unvollständig und kann nicht gelesen und daher nicht auf personenbezogene Daten geprüft werden. Öffnen Sie sie, speichern Sie sie erneut und laden Sie sie noch einmal hoch." + copyDE,
			"The uploaded file is damaged or incomplete and cannot be inspected. Open it, save it again and upload it once more." + copyEN
	}
	return "Der Inhalt der hochgeladenen Datei kann nicht gelesen und daher nicht auf personenbezogene Daten geprüft werden." + copyDE,
		"The uploaded file cannot be read, so it cannot be inspected." + copyEN
}
