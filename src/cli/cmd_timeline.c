/* dossier timeline — placeholder until its implementation lands (issue 5). */
#include <stdio.h>

#include "cli/cli.h"

int cmd_timeline(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("dossier: timeline: not built yet\n", stderr);
	return 2;
}
