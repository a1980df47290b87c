"""Loading figures from the app: staged uploads go through the ETL in a separate process.

The read side never imports `etl` and a page process never writes the database. An
editor's upload is saved under a safe name in the staging folder beside the database, then
`python -m etl.service prepare|commit` (the same `etl.pipeline` functions as `python -m etl
load`) runs in its own process and answers in JSON; so does a rollback (`etl.history.rollback`,
what `python -m etl rollback` calls).
The database file is swapped atomically by the ETL, so readers never see half a load.

Pure of Streamlit: the upload page owns the widgets.
"""
from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
import sys
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from core import config
from core.names import slug

LOG = logging.getLogger(__name__)
ACCEPTED_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".ods", ".parquet", ".xls")
PROCESS_TIMEOUT_SECONDS = 900
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class UploadOptions:
    """What the files may not say themselves (as `python -m etl load` options)."""
    province: int | None = None
    period: str | None = None  # YYYY-MM
    sheet: str | None = None
    decimal: str | None = None  # comma | dot
    cumulative: bool = False
    strict: bool = False
    replace_demo: bool = False  # the database holds demo figures: drop them with this load

    def arguments(self) -> list[str]:
        args = []
        if self.province is not None:
            args += ["--province", str(int(self.province))]
        if self.period:
            args += ["--period", self.period]
        if self.sheet:
            args += ["--sheet", self.sheet]
        if self.decimal in ("comma", "dot"):
            args += ["--decimal", self.decimal]
        if self.cumulative:
            args.append("--cumulative")
        if self.strict:
            args.append("--strict")
        if self.replace_demo:
            args.append("--replace-demo")
        return args


@dataclass
class StagedFile:
    path: Path     # where the bytes wait, under a name we chose
    display: str   # the name the editor knows (path parts and control characters removed)


@dataclass
class Answer:
    """What the ETL said: the JSON of etl.service, or why there is none."""
    data: dict = field(default_factory=dict)
    exit_code: int = 0
    failure: str | None = None  # the process gave no answer (crashed, timed out): details in the log

    @property
    def accepted(self) -> bool:
        return self.exit_code == 0 and self.failure is None and not self.data.get("refused")


def display_name(name: str) -> str:
    """The last path part of an uploaded name, without control characters: '../../etc/passwd' → 'passwd'."""
    text = unicodedata.normalize("NFC", _CONTROL.sub("", str(name)))
    text = re.split(r"[\\/]", text)[-1].strip() or "tep"
    return text[:120]


def safe_file_name(name: str) -> str:
    """An ASCII name for the staged copy that keeps the suffix the readers dispatch on."""
    shown = display_name(name)
    suffix = Path(shown).suffix.lower()
    stem = slug(Path(shown).stem) or "tep"
    return f"{stem[:60]}{suffix if suffix in ACCEPTED_SUFFIXES else '.bin'}"


def stage(files: list[tuple[str, bytes]], db_path: Path) -> tuple[Path, list[StagedFile]]:
    """Save uploaded (name, bytes) into a fresh folder of the staging area; returns the folder."""
    folder = config.staging_dir(db_path) / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=False)
    staged = []
    for index, (name, data) in enumerate(files):
        path = folder / f"{index:02d}-{safe_file_name(name)}"
        path.write_bytes(data)
        staged.append(StagedFile(path, display_name(name)))
    return folder, staged


def discard(folder: Path | None) -> None:
    """Remove a staging folder (after a load, or when the editor starts again)."""
    if folder is not None and folder.exists():
        shutil.rmtree(folder, ignore_errors=True)


def _run(arguments: list[str]) -> Answer:
    command = [sys.executable, "-m", *arguments]
    try:
        done = subprocess.run(command, cwd=config.ROOT, capture_output=True, text=True,
                              timeout=PROCESS_TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        LOG.error("ETL process timed out: %s", command)
        return Answer(exit_code=1, failure="timeout")
    if done.stderr:
        LOG.info("ETL process stderr (%s): %s", arguments[0], done.stderr[-4000:])
    try:
        data = json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else None
    except json.JSONDecodeError:
        data = None
    if not isinstance(data, dict):
        LOG.error("ETL process gave no answer (exit %s): %s", done.returncode, done.stderr[-4000:])
        return Answer(exit_code=done.returncode or 1, failure="no_answer")
    if "internal_error" in data or "usage_error" in data:
        LOG.error("ETL process failed: %s", data)
        return Answer(data, done.returncode or 1, failure="internal")
    return Answer(data, done.returncode)


def prepare(staged: list[StagedFile], options: UploadOptions, db_path: Path) -> Answer:
    """Check the staged files and preview the load; writes nothing."""
    files = [f"{f.path}={f.display}" for f in staged]
    return _run(["etl.service", "prepare", *files, "--db", str(db_path), *options.arguments()])


def commit(staged: list[StagedFile], options: UploadOptions, db_path: Path, loaded_by: str) -> Answer:
    """Load the staged files in one transaction (checked again under the load lock)."""
    files = [f"{f.path}={f.display}" for f in staged]
    return _run(["etl.service", "commit", *files, "--db", str(db_path), "--loaded-by", loaded_by,
                 *options.arguments()])


def rollback(load_id: int, db_path: Path, loaded_by: str, *, dry_run: bool) -> Answer:
    """Undo load `load_id` (refused, naming the later load, where a later load changed the same
    values); `dry_run` answers what it would remove and restore and writes nothing."""
    return _run(["etl.service", "rollback", str(int(load_id)), "--db", str(db_path), "--loaded-by", loaded_by,
                 *(["--dry-run"] if dry_run else [])])
