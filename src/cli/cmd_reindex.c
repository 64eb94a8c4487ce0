/* dossier reindex — placeholder until its implementation lands (issue 5). */
#include <stdio.h>

#include "cli/cli.h"

int cmd_reindex(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("dossier: reindex: not built yet\n", stderr);
	return 2;
}
