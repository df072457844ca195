"""The ``attribution`` command."""

from __future__ import annotations

import click

from attribution.cli.audit_cmd import audit
from attribution.cli.check_cmd import check
from attribution.cli.eval_cmd import eval_command
from attribution.cli.models_cmd import models
from attribution.cli.report_cmd import report, sources
from attribution.cli.rules_cmd import explain, rules

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="attribution", prog_name="attribution")
def main() -> None:
    """Check who stands behind each claim in news copy.

    attribution parses an article offline, finds every claim and the source it is
    attributed to (named person, organization, document, anonymous, vague, or
    nobody), scores each attribution with the rule files, and flags unsourced,
    anonymous and vague assertions.

    \b
    Examples:
      attribution audit story.txt
      attribution audit --format json -o report.json drafts/*.txt
      attribution rules list
      attribution models list

    Exit codes: 0 success; 2 usage, config or rule-file error;
    3 an input or the model could not be processed.
    """


main.add_command(audit)
main.add_command(check)
main.add_command(models)
main.add_command(rules)
main.add_command(explain)
main.add_command(eval_command)
main.add_command(report)
main.add_command(sources)

if __name__ == "__main__":  # pragma: no cover
    main()
