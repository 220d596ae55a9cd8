"""Text for the schedulers we rely on instead of a daemon of our own: cron, systemd, Kubernetes.

One schedule, `--every "CRON"`, for all three. It is checked with cronsim (the cron
parser the tests already trusted), then written as each scheduler wants it: as is for
crontab and the CronJob, converted to an OnCalendar= expression for systemd. What one
of them cannot express is refused with a message, never approximated.

Paths are quoted for the place they land in: the shell and `%` (cron's newline) in a
crontab line, systemd's own quoting and `%` specifiers in a unit, the shell inside
`sh -c` in the CronJob, whose YAML strings are written as JSON strings.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from briefing import __version__
from briefing.errors import BriefingError

DEFAULT_EVERY = "0 7 * * MON"
DEFAULT_IMAGE = f"briefing:{__version__}"  # what the repository's Containerfile builds (README)
_OPTION = "option --every"
_MACROS = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
           "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"}
_DAY_NAMES = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
_HINT = 'five fields: minute hour day-of-month month day-of-week, e.g. "0 7 * * MON" (see `man 5 crontab`)'


@dataclass(frozen=True)
class Every:
    """A checked cron schedule: the text as given and the values of its five fields."""

    text: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday
    day_restricted: bool
    weekday_restricted: bool


def parse_every(expr: str) -> Every:
    """Check a cron expression; refuse what cron, systemd and Kubernetes would not all run."""
    from cronsim import CronSim, CronSimError

    text = " ".join(expr.split())
    if text.lower() == "@reboot":
        raise BriefingError("'@reboot' is not a schedule: it runs once at boot", file=_OPTION, hint=_HINT)
    five = _MACROS.get(text.lower(), text)
    fields = five.split()
    if len(fields) != 5:
        raise BriefingError(f"'{expr}' has {len(fields)} field(s), not 5", file=_OPTION, hint=_HINT)
    try:
        sim = CronSim(five, dt.datetime(2025, 1, 1))
    except CronSimError as e:
        raise BriefingError(f"'{expr}' is not a valid cron expression ({str(e).rstrip('.')})",
                            file=_OPTION, hint=_HINT) from None
    weekdays = set(sim.weekdays)
    if any(not isinstance(d, int) for d in weekdays) or any(d < 1 for d in sim.days):
        raise BriefingError(f"'{expr}' uses L, W or # (last day, nearest weekday, nth weekday)",
                            file=_OPTION, hint="Debian's cron, systemd and Kubernetes do not support them; "
                                               "list the days instead")
    weekdays = {d % 7 for d in weekdays}
    return Every(text=text, minutes=frozenset(sim.minutes), hours=frozenset(sim.hours), days=frozenset(sim.days),
                 months=frozenset(sim.months), weekdays=frozenset(weekdays),
                 day_restricted=not fields[2].startswith("*"), weekday_restricted=not fields[4].startswith("*"))


def on_calendar(every: Every) -> str:
    """The systemd OnCalendar= expression that fires when the cron expression does."""
    if every.day_restricted and every.weekday_restricted:
        raise BriefingError(f"'{every.text}' restricts both the day of the month and the day of the week, which "
                            "cron reads as either one; systemd's OnCalendar= can only require both",
                            file=_OPTION, hint="use * in one of the two fields, or write two timers by hand")

    def values(found: frozenset[int], full: range) -> str:
        if set(found) >= set(full):
            return "*"
        return ",".join(f"{v:02d}" for v in sorted(found))

    days = "" if not every.weekday_restricted else ",".join(_DAY_NAMES[d] for d in sorted(every.weekdays)) + " "
    return (f"{days}*-{values(every.months, range(1, 13))}-{values(every.days, range(1, 32))} "
            f"{values(every.hours, range(24))}:{values(every.minutes, range(60))}:00")


def check_config(config: Path | None) -> Path | None:
    """The run config a schedule names must exist now: a typo would otherwise fail every night."""
    if config is None:
        return None
    if not config.is_file():
        raise BriefingError("the run config does not exist" if not config.exists() else "is not a file",
                            file=config, hint="pass the path of an existing run config with -c")
    return config.resolve()


def _command(config: Path | None, log_format: str | None = None) -> list[str]:
    exe = shutil.which("briefing")
    args = [exe] if exe else [sys.executable, "-m", "briefing"]
    args += ["-q"] + (["--log-format", log_format] if log_format else [])
    args += ["build", "--if-changed", "--wait", "600"]
    if config:
        args += ["-c", str(config)]
    return args


def crontab_line(every: Every, config: Path | None) -> str:
    workdir = config.parent if config else Path.cwd()
    command = f"cd {shlex.quote(str(workdir))} && " + " ".join(shlex.quote(a) for a in _command(config))
    # cron turns an unescaped % into a newline; -q keeps cron's mail to what needs a human.
    return f"{every.text} {command.replace('%', chr(92) + '%')}"


_SYSTEMD_PLAIN = re.compile(r"[A-Za-z0-9_@%+=:,./-]+")


def _systemd_word(arg: str) -> str:
    """One ExecStart= argument: quoted when needed, with % specifiers and $ variables escaped."""
    arg = arg.replace("%", "%%").replace("$", "$$")
    if _SYSTEMD_PLAIN.fullmatch(arg):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def systemd_units(every: Every, config: Path | None) -> str:
    workdir = config.parent if config else Path.cwd()
    exec_start = " ".join(_systemd_word(a) for a in _command(config))
    return f"""\
# /etc/systemd/system/briefing.service
[Unit]
Description=Regenerate AI-policy briefs (briefing)
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
WorkingDirectory={str(workdir).replace("%", "%%")}
ExecStart={exec_start}
Nice=10
# Exit 1 (some outputs failed) and 2 (bad input) mark the unit failed: alert on that.

# /etc/systemd/system/briefing.timer
[Unit]
Description=Regenerate AI-policy briefs on a schedule

[Timer]
# cron: {every.text}
OnCalendar={on_calendar(every)}
Persistent=true
RandomizedDelaySec=300

[Install]
WantedBy=timers.target
"""


def cronjob_manifest(every: Every, config: Path | None, image: str) -> str:
    """concurrencyPolicy Forbid keeps runs from overlapping across pods; the file lock does within one."""
    args = ["briefing", "-q", "--log-format", "json", "build", "--if-changed", "--wait", "600"]
    if config:
        args += ["-c", f"/config/{config.name}"]
    args += ["-o", "/briefs"]
    shell = " ".join(shlex.quote(a) for a in args)
    q = json.dumps  # a JSON string is a YAML string, whatever it holds
    return f"""\
apiVersion: batch/v1
kind: CronJob
metadata:
  name: briefing
spec:
  schedule: {q(every.text)}
  concurrencyPolicy: Forbid
  successfulJobsHistoryLimit: 3
  failedJobsHistoryLimit: 5
  jobTemplate:
    spec:
      backoffLimit: 0
      template:
        spec:
          restartPolicy: Never
          securityContext:
            runAsNonRoot: true
          containers:
            - name: briefing
              # Built from the repository's Containerfile (see the README).
              image: {q(image)}
              workingDir: /config
              command: ["sh", "-c"]
              args:
                - {q(shell)}
              volumeMounts:
                - name: config
                  mountPath: /config
                - name: briefs
                  mountPath: /briefs
          volumes:
            - name: config
              configMap:
                name: briefing-config
            - name: briefs
              persistentVolumeClaim:
                claimName: briefing-briefs
"""
