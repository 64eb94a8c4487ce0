/*
 * dossier __pdf-text — the PDF reader child (hidden; not for users).
 *
 * Every command that reads PDFs runs this for each one (ingest/ingest.h,
 * ingest_set_pdf_reader()): the PDF's bytes on stdin, the reader's answer
 * on stdout, under a time and memory limit the child puts on itself, so
 * that a hostile PDF costs one file, never the whole batch.  By hand,
 * `dossier __pdf-text <x.pdf | od -c | less` shows what the parent gets.
 */
#include <unistd.h>

#include "cli/cli.h"
#include "ingest/ingest.h"

int cmd_pdftext(int argc, char **argv)
{
	struct err e;

	(void)argv;
	if (argc) {
		cli_error("__pdf-text: reads a PDF on stdin and takes no arguments");
		return CLI_USAGE;
	}
	err_clear(&e);
	if (ingest_pdf_reader_run(STDIN_FILENO, STDOUT_FILENO, &e)) {
		cli_error("__pdf-text: %s", e.msg);
		return CLI_FAILED;
	}
	return CLI_OK;
}
