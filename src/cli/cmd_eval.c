/* dossier eval — placeholder until its implementation lands (issue 5). */
#include <stdio.h>

#include "cli/cli.h"

int cmd_eval(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("dossier: eval: not built yet\n", stderr);
	return 2;
}
