"""The `debateprep` command: sessions, validate, render packs, serve the explorer.

A user's mistake (unknown command, option or id; invalid data) gets plain lines that name the
problem and the valid choices, never a traceback. Exit codes: 0 fine, 1 invalid data,
2 unknown command, option or id.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import Callable, Sequence

from debateprep import __version__
from debateprep.errors import DataError, DebateprepError, UnknownChoiceError
from debateprep.i18n import DEFAULT, LANGUAGES
from debateprep.pack.publish import RenderLocked
from debateprep.data.paths import default_data_dir
from debateprep.data.schema import TABLES
from debateprep.importers.newsession import FIELDS as NEW_FIELDS, OPTIONAL as NEW_OPTIONAL, MissingFields
from debateprep.data.validation import check_data, display_path

# Only light modules above: pandas, matplotlib, nbconvert and papermill are imported by the
# commands that need them, so `--help` and a render with nothing to do start quickly.


class UsageError(Exception):
    """The command line itself is wrong; exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        choice = re.search(r"invalid choice: '?([^' ]+)'? \(choose from (.*)\)", message)
        if choice:
            valid = choice.group(2).replace("'", "")
            raise UsageError(f"unknown command '{choice.group(1)}' — valid commands: {valid}")
        raise UsageError(message)


def _add_data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", metavar="DIR", type=Path, default=None,
                        help="data folder (default: the checkout's data/ or $DEBATEPREP_DATA)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = _Parser(prog="debateprep", description=(
        "Briefing packs for Tweede Kamer debates on the Netherlands' Russia policy."))
    parser.add_argument("--version", action="version", version=f"debateprep {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sessions = commands.add_parser("sessions", help="list the debate sessions, or show one")
    sessions.add_argument("session_id", nargs="?", metavar="SESSION_ID",
                          help="show this session in detail")
    _add_data_option(sessions)
    validate = commands.add_parser("validate", help="check every data file; list all problems")
    _add_data_option(validate)
    render = commands.add_parser("render", help="render briefing packs (default: the most recent session)")
    which = render.add_mutually_exclusive_group()
    which.add_argument("--session", action="append", metavar="ID", dest="sessions",
                       help="a session to render (repeat for several)")
    which.add_argument("--all", action="store_true", help="render every session")
    _add_data_option(render)
    render.add_argument("--out", metavar="DIR", type=Path, default=None,
                        help="where packs go (default: reports/ in the current folder)")
    render.add_argument("--as-of", metavar="YYYY-MM-DD", type=_date, default=None, dest="as_of",
                        help="show only what was public on this date (default: the day "
                             "before each debate); the pack goes to <session>--as-of-<date>/")
    render.add_argument("--jobs", metavar="N", type=_positive, default=os.cpu_count() or 1,
                        help="chapters run in parallel (default: the number of cores)")
    render.add_argument("--force", action="store_true", help="ignore the cache; run everything")
    render.add_argument("--no-pdf", action="store_true",
                        help="HTML only, no briefing.pdf (faster for batch renders; a later "
                             "render without it adds the PDF)")
    render.add_argument("--no-docx", action="store_true",
                        help="no briefing.docx (a later render without it adds the Word file)")
    render.add_argument("--lang", metavar="LANGS", type=_languages, default=(DEFAULT,),
                        help="the editions: nl (Nederlands, the default), en (English), or "
                             "both, e.g. nl,en (the first at reports/<session>/, the others "
                             "in a subfolder named by their language)")
    render.add_argument("--quiet", action="store_true", help="no progress bar")
    explore = commands.add_parser("explore", help="serve the data explorer as a web app (Voilà)")
    explore.add_argument("--port", metavar="N", type=_port, default=8866,
                         help="port on 127.0.0.1 (default: 8866)")
    explore.add_argument("--no-browser", action="store_true", help="do not open a browser")
    explore.add_argument("--no-preheat", action="store_true",
                         help="start a kernel per visitor instead of keeping one ready (slower "
                              "first page, one kernel less in memory)")
    explore.add_argument("--log", metavar="FILE", type=Path, default=None,
                         help="where Voilà's own messages go (default: explorer.log beside "
                              "the exports folder)")
    explore.add_argument("--lang", metavar="LANG", type=_language, default=DEFAULT,
                         help="the explorer's language: nl (Nederlands, the default) or en")
    explore.add_argument("--exports", metavar="DIR", type=Path, default=None,
                         help="where the export button writes CSV (default: reports/exports)")
    _add_data_option(explore)
    imports = commands.add_parser("import-tk", help="import motions with the cabinet's "
                                  "appraisal and party votes from the Tweede Kamer's open data")
    imports.add_argument("--dossier", metavar="N", type=_positive, default=None,
                         help="the motions of this Kamerstuk dossier, e.g. 35373")
    imports.add_argument("--since", metavar="YYYY-MM-DD", type=_date, default=None,
                         help="the motions filed on or after this date")
    imports.add_argument("--until", metavar="YYYY-MM-DD", type=_date, default=None,
                         help="the motions filed on or before this date")
    imports.add_argument("--from-file", metavar="FILE", type=Path, default=None,
                         help="read a saved OData response (one page or a list of pages) "
                              "instead of asking the service: works offline")
    imports.add_argument("--session", metavar="ID", default="",
                         help="the debate the motions were filed in, if it is a session of "
                              "the data (see 'debateprep sessions')")
    imports.add_argument("--topic", metavar="TOPIC", default="parliament",
                         help="the topic id the motions get (default: parliament); it "
                              "decides which briefs show them")
    imports.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    _add_data_option(imports)
    new = commands.add_parser("new-session", help="add a newly announced debate to the data")
    for key, label in (*NEW_FIELDS, *NEW_OPTIONAL):
        new.add_argument(f"--{key.replace('_', '-')}", dest=key, metavar="TEXT", help=label)
    new.add_argument("--dry-run", action="store_true", help="check the rows; write nothing")
    _add_data_option(new)
    return parser


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of at least 1")
    return int(text)


def _date(text: str) -> str:
    from debateprep.data.validation import parse_date
    if parse_date(text) is None:
        raise argparse.ArgumentTypeError(f"'{text}' is not a real date written YYYY-MM-DD "
                                         "(for example 2020-11-10)")
    return text


def _languages(text: str) -> tuple[str, ...]:
    langs = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [lang for lang in langs if lang not in LANGUAGES]
    if unknown or not langs:
        raise argparse.ArgumentTypeError(
            f"unknown language '{unknown[0] if unknown else text}' — languages: "
            f"{', '.join(LANGUAGES)} (several: nl,en)")
    return langs


def _language(text: str) -> str:
    langs = _languages(text)
    if len(langs) != 1:
        raise argparse.ArgumentTypeError(f"one language, not '{text}' — languages: "
                                         f"{', '.join(LANGUAGES)}")
    return langs[0]


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number from 1 to 65535")
    return int(text)


def _options(parser: argparse.ArgumentParser, command: str | None) -> list[str]:
    if command:
        parser = _subparser(parser, command)
    return sorted(o for a in parser._actions for o in a.option_strings if o.startswith("--"))


def _subparser(parser: argparse.ArgumentParser, command: str) -> argparse.ArgumentParser:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices[command]
    return parser


def cmd_validate(args: argparse.Namespace) -> int:
    """Check the data; print every problem (exit 1) or a summary (exit 0)."""
    from debateprep.chapters.briefing import format_date
    from debateprep.data.loading import load_checked
    data_dir = args.data or default_data_dir()
    checked = check_data(data_dir)
    if not checked.ok:
        for problem in checked.problems:
            print(problem, file=sys.stderr)
        print(f"{len(checked.problems)} problem(s) in {display_path(Path(data_dir))}/",
              file=sys.stderr)
        return 1
    data = load_checked(checked)
    print(f"{display_path(Path(data_dir))}/ is valid.")
    for name in TABLES:
        print(f"  {name + '.csv':<16} {len(data.table(name)):>4} rows")
    dates = data.events["date"]
    print(f"Events from {format_date(dates.min())} to {format_date(dates.max())}; "
          f"{len(data.sources)} sources.")
    return 0


def cmd_sessions(args: argparse.Namespace) -> int:
    """List the sessions (id, date, title), or show one in detail."""
    from debateprep.chapters.briefing import format_date
    from debateprep.data.loading import load_checked
    from debateprep.data.sessions import get_session, session_ids
    data = load_checked(check_data(args.data or default_data_dir()))
    if args.session_id:
        return _show_session(data, args.session_id)
    for session_id in session_ids(data):
        session = get_session(data, session_id)
        print(f"{session.session_id:<34} {format_date(session.date):<18} {session.title}")
    return 0


def _show_session(data, session_id: str) -> int:
    from debateprep.chapters.briefing import format_date
    from debateprep.data.sessions import get_session, previous_session
    session = get_session(data, session_id)
    before = previous_session(data, session)
    agenda = data.agenda[data.agenda["session_id"] == session.session_id]
    motions = data.motions[data.motions["session_id"] == session.session_id]
    print(f"{session.title}\n")
    for label, value in (("Session id", session.session_id), ("Date", format_date(session.date)),
                         ("Kind", session.kind), ("Committee", session.committee or "plenary"),
                         ("Minister", session.minister), ("Chair", session.chair or "not stated"),
                         ("Topics", ", ".join(session.topics)),
                         ("Topical issues", ", ".join(session.issues) or "none"),
                         ("Previous session", before.session_id if before else "none"),
                         ("Motions filed", str(len(motions)))):
        print(f"  {label + ':':<18} {value}")
    if len(agenda):
        print("\nAgenda:")
        for _, item in agenda.sort_values("item_no").iterrows():
            number = f"Kamerstuk {item['kamerstuk']}: " if item["kamerstuk"] else ""
            print(f"  {item['item_no']}. {number}{item['title']}")
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    """Render the packs; print where they are, or a summary of failed chapters (exit 1)."""
    from debateprep.pack.plan import read_sessions, resolve_sessions
    from debateprep.pack.present import failure_summary
    from debateprep.pack.render import failed_steps, render_sessions
    data_dir = Path(args.data or default_data_dir())
    out = Path(args.out or Path.cwd() / "reports")
    checked = check_data(data_dir)
    sessions = resolve_sessions(read_sessions(data_dir, args.as_of or "", checked),
                                args.sessions, args.all)
    check_out_dir(out)
    failures: list[str] = []
    outcomes = render_sessions(sessions, data_dir, out, args.jobs, args.force,
                               progress=not args.quiet, pdf=not args.no_pdf, checked=checked,
                               langs=args.lang, docx=not args.no_docx)
    for session, outcome in zip(sessions, outcomes):
        ran = sum(1 for r in outcome.results if not r.cached)
        if outcome.status == "up-to-date":
            print(f"{session.session_id}: up to date ({display_path(outcome.pack)}/index.html), "
                  f"{outcome.seconds:.2f} s")
        elif outcome.status == "published":
            print(f"{session.session_id}: published {display_path(outcome.pack)}/index.html "
                  f"({ran} chapter(s) run, {len(outcome.results) - ran} from cache, "
                  f"{outcome.seconds:.1f} s)")
            for line in failed_steps(outcome.pack):
                print(f"{session.session_id}: {line}", file=sys.stderr)
        else:
            failures += failure_summary(outcome)
            print(f"{session.session_id}: FAILED — previous pack left in place; executed "
                  f"notebooks kept in {display_path(outcome.pack)}/", file=sys.stderr)
    if failures:
        print("Failed chapters (session / chapter: cell: error):", file=sys.stderr)
        print("\n".join(failures), file=sys.stderr)
        return 1
    return 0


class OutDirError(DebateprepError):
    """The --out folder cannot be used; exit code 1."""


def check_out_dir(out: Path) -> None:
    """Make sure packs can be written into out (creating it); OutDirError in one line if not."""
    where = display_path(out)
    if out.exists() and not out.is_dir():
        raise OutDirError(f"cannot write packs to '{where}': it is a file, not a folder "
                          "(give --out a folder)")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise OutDirError(f"cannot write packs to '{where}': {reason.lower()} "
                          "(give --out a folder you can write to)") from None


def cmd_explore(args: argparse.Namespace) -> int:
    """Serve notebooks/explore.ipynb with Voilà on 127.0.0.1 until Ctrl-C."""
    from debateprep.data.loading import load_checked
    from debateprep.explore.server import serve
    data_dir = Path(args.data or default_data_dir())
    load_checked(check_data(data_dir))  # bad data: one line per problem, before any server starts
    return serve(args.port, data_dir, args.exports, open_browser=not args.no_browser,
                 preheat=not args.no_preheat, lang=args.lang, log=args.log)


def cmd_import_tk(args: argparse.Namespace) -> int:
    """Fetch a dossier's motions and votes; merge the new rows; list conflicts."""
    import datetime as dt

    from debateprep.data.loading import load_checked
    from debateprep.data.sessions import get_session
    from debateprep.importers.tkimport import fetch, merge, read_saved, to_rows
    data_dir = Path(args.data or default_data_dir())
    data = load_checked(check_data(data_dir))
    if args.session:
        get_session(data, args.session)
    topics = list(data.topics["topic_id"])
    if args.topic not in topics:
        raise UnknownChoiceError("topic", args.topic, topics)
    args.since, args.until = args.since or "", args.until or ""
    if args.dossier is None and not args.since and args.from_file is None:
        raise UsageError("import-tk needs --dossier N, --since YYYY-MM-DD or --from-file FILE")
    records = (read_saved(args.from_file) if args.from_file is not None else
               fetch(args.dossier, since=args.since, until=args.until))
    imported = to_rows(records, args.dossier, args.session, args.topic, dt.date.today(),
                       args.since, args.until)
    result = merge(data_dir, imported, args.dry_run)
    verb = "would add" if args.dry_run else "added"
    what = (f"dossier {args.dossier}" if args.dossier is not None else
            str(args.from_file) if args.from_file is not None else
            f"motions filed {args.since} to {args.until or 'now'}")
    print(f"{what}: {verb} " + ", ".join(
        f"{n} {name} row(s)" for name, n in result.added.items())
        + f"; {result.unchanged} row(s) already in the data")
    for line in result.conflicts + imported.skipped:
        print(f"  {line}")
    if any(result.added.values()):
        print("  still to fill in motions.csv: the summary, submitters and parties of each "
              "new motion (marked 'to be written by a curator')")
    return 0


def cmd_new_session(args: argparse.Namespace) -> int:
    """Write the rows of a new debate, validated; print what still needs filling."""
    import datetime as dt

    from debateprep.data.loading import load_checked
    from debateprep.importers.newsession import create, interactive_terminal
    data_dir = Path(args.data or default_data_dir())
    load_checked(check_data(data_dir))
    values = {k: getattr(args, k) for k, _ in (*NEW_FIELDS, *NEW_OPTIONAL)}
    session, todo = create(data_dir, values, interactive_terminal(), dt.date.today(),
                           args.dry_run)
    verb = "checked (not written)" if args.dry_run else "added"
    print(f"{session.session_id}: {verb}. Still to fill before rendering:")
    for line in todo:
        print(f"  - {line}")
    print(f"Then: debateprep validate && debateprep render --session {session.session_id}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "sessions": cmd_sessions, "validate": cmd_validate, "render": cmd_render,
    "explore": cmd_explore, "import-tk": cmd_import_tk, "new-session": cmd_new_session,
}


RAN: dict[str, str] = {}
"""The command `main` ran in this process (for `run`)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code. Its own messages are in English (the packs
    and the explorer are in the languages asked for)."""
    from debateprep.i18n import use
    use("en")
    parser = build_parser()
    try:
        args, extra = parser.parse_known_args(argv)
        if extra:
            unknown = next((e for e in extra if e.startswith("-")), extra[0])
            where = f"'debateprep {args.command}'" if args.command else "debateprep"
            raise UsageError(f"unknown option or argument '{unknown}' for {where} — valid "
                             f"options: {', '.join(_options(parser, args.command))}")
        if not args.command:
            parser.print_help()
            return 0
        RAN["command"] = args.command
        return COMMANDS[args.command](args)
    except (UsageError, MissingFields) as exc:
        print(f"debateprep: {exc}", file=sys.stderr)
        return 2
    except UnknownChoiceError as exc:
        print(f"debateprep: {exc}", file=sys.stderr)
        return 2
    except RenderLocked as exc:
        print(f"debateprep: {exc}", file=sys.stderr)
        return 1
    except DataError as exc:
        print("\n".join(exc.lines()), file=sys.stderr)
        return 1
    except DebateprepError as exc:
        print(f"debateprep: {exc}", file=sys.stderr)
        return 1


QUICK_EXIT = {"render"}
"""Commands whose process ends without Python's teardown: a render has closed its files,
locks, kernels and children before it returns, and freeing the modules it loaded (papermill,
nbconvert, WeasyPrint, pandas) took about 0.4 s after its work was done."""


def run() -> None:
    """Console-script entry point; a closed pipe (`debateprep sessions | head -2`) ends quietly."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # Python's advice: point stdout at devnull so the flush at exit cannot fail again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 0
    except KeyboardInterrupt:  # Ctrl-C: one line, no traceback; a render's packs are swapped
        # in only when whole, and its kernels notice their render is gone and exit
        print("debateprep: interrupted", file=sys.stderr)
        code = 130
    if RAN.get("command") in QUICK_EXIT:
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
