/*
 * dossier __pdf-text — the PDF reader server (hidden; not for users).
 *
 * Every command that reads PDFs starts this once (ingest/ingest.h,
 * ingest_set_pdf_reader()) and sends it each PDF over a socket; for each,
 * it forks a child that puts a time and a memory limit on itself and reads
 * the PDF with poppler, and it sends back how the child ended and its
 * answer.  So a hostile PDF costs one file, never the whole batch.
 */
#include <unistd.h>

#include "cli/cli.h"
#include "ingest/ingest.h"

int cmd_pdftext(int argc, char **argv)
{
	struct err e;

	(void)argv;
	if (argc) {
		cli_error("__pdf-text: reads PDFs on stdin and takes no arguments");
		return CLI_USAGE;
	}
	err_clear(&e);
	if (ingest_pdf_reader_run(STDIN_FILENO, STDOUT_FILENO, &e)) {
		cli_error("__pdf-text: %s", e.msg);
		return CLI_FAILED;
	}
	return CLI_OK;
}
