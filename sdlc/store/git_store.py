"""The git store: each record on its own ref, ``refs/sdlc/records/<id>``, of a
repository every writer can reach; each version of the record is a commit on that
ref whose tree holds the record's one file.

A write makes the new commit on top of the version read and moves the ref only if
it still points at that version: ``git update-ref REF NEW OLD`` in a local
repository, ``git push --force-with-lease=REF:OLD`` to a remote one. A writer that
lost the race gets :class:`~sdlc.store.stored.Conflict` and reads again.

A remote repository is worked on through a clone of its own (a bare repository,
:attr:`GitStore.repo`), locked while it is used. Reads fetch the ref into
``refs/sdlc/fetched/<id>`` and, only as a fast-forward, into
``refs/sdlc/seen/<id>``: the clone's memory of what it saw, which a force-push
cannot move (see :mod:`.history`). A local repository is read and written in
place, and the log of each ref (``--create-reflog``) is its memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError, Location
from ..integrity.locking import locked
from ..load.text import decode
from .git_runner import Git, GitFailed
from .stored import RECORD_SUFFIXES, Conflict, Stored, record_id

RECORDS = "refs/sdlc/records/"
FETCHED = "refs/sdlc/fetched/"
SEEN = "refs/sdlc/seen/"
_ZERO = "0" * 40
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_RACE = ("stale info", "fetch first", "non-fast-forward", "cannot lock", "failed to update")


class GitStore:
    """Records on the refs of the repository at ``url`` (a remote, worked on through
    the clone ``repo``), or of the local repository ``repo`` when ``url`` is
    ``None``. ``address`` is how messages name the store."""

    def __init__(self, address: str, repo: Path, url: str | None = None) -> None:
        self._address = address
        self.url = url
        self.repo = repo
        self.git = Git(repo)
        self._listed: set[str] = set()
        self.rewritten: set[str] = set()
        """The records whose ref no longer leads to the version this clone saw."""
        self._who: bool | None = None
        self._entries: dict[str, str] = {}
        if url is None:
            self._check_repository()
        else:
            self._clone()

    @property
    def address(self) -> str:
        return self._address

    def where(self, name: str) -> str:
        return f"{self._address}#{record_id(name)}"

    def tip_ref(self, rid: str) -> str:
        """The local ref that holds the record's current version once it is read."""
        return (RECORDS if self.url is None else FETCHED) + rid

    # -- reading -------------------------------------------------------------------------

    def names(self) -> list[str]:
        with self._lock():
            if self.url is not None:
                self._fetch(f"+{RECORDS}*:{FETCHED}*", "--prune")
            prefix = self.tip_ref("")
            listing = self.git.text("for-each-ref", "--format=%(refname)", prefix)
            ids = [line[len(prefix) :] for line in listing.splitlines() if line]
            self._listed = set(ids)
            return sorted(self.entry(self.tip_ref(i)) or f"{i}.yaml" for i in ids)

    def gone(self) -> dict[str, str]:
        """The records this clone saw that the store no longer holds (after
        :meth:`names`), each with the last commit seen; none for a local repository,
        whose refs' logs go with the refs."""
        if self.url is None:
            return {}
        listing = self.git.text("for-each-ref", "--format=%(refname) %(objectname)", SEEN)
        seen = dict(line.split(" ") for line in listing.splitlines() if line)
        held = set(self.git.text("for-each-ref", "--format=%(refname)", FETCHED).split())
        return {
            ref[len(SEEN) :]: commit
            for ref, commit in seen.items()
            if FETCHED + ref[len(SEEN) :] not in held
        }

    def read(self, name: str) -> Stored | None:
        rid = self.checked_id(name)
        with self._lock():
            if self.url is not None and rid not in self._listed:
                self._fetch_one(rid)
            self._listed.discard(rid)
            entry = self._entries.get(rid)
            if entry is None:
                tip = self.commit(self.tip_ref(rid))
                if tip is None:
                    return None
                entry = self._entries[rid] = self.entry(tip) or ""
            if not entry:
                raise self._no_file(name)
            found = self.objects(self.tip_ref(rid), f"{self.tip_ref(rid)}:{entry}")
            if found[0] is None:
                return None
            if found[1] is None:
                del self._entries[rid]  # the file was renamed: look again
                raise self._no_file(name)
            text = decode(found[1][1], self.where(name))
            return Stored(entry, text, found[0][0], rewritten=rid in self.rewritten)

    def objects(self, *names: str) -> list[tuple[str, bytes] | None]:
        """Each object ``names`` name (a ref, ``commit:path``…) as its id and content,
        or ``None`` where there is none (see :meth:`~.git_runner.Git.objects`)."""
        return self.git.objects(*names)

    def commit(self, ref: str) -> str | None:
        """The commit ``ref`` points at, or ``None`` when there is no such ref."""
        code, out, _ = self.git.attempt("rev-parse", "--verify", "-q", f"{ref}^{{commit}}")
        return out.strip() if code == 0 else None

    def entry(self, commit: str) -> str | None:
        """The name of the record file in ``commit``'s tree."""
        names = self.git.text("ls-tree", "--name-only", commit).splitlines()
        found = [n for n in names if n.lower().endswith(RECORD_SUFFIXES)]
        return found[0] if len(found) == 1 else None

    def _no_file(self, name: str) -> InputError:
        return InputError(
            f"the record's ref {RECORDS}{record_id(name)} holds no record file",
            location=Location(self.where(name)),
            hint="expected a commit whose tree holds one .yaml, .yml or .json file: the record",
        )

    # -- writing -------------------------------------------------------------------------

    def write(self, name: str, text: str, expected: str | None, note: str) -> str:
        rid = self.checked_id(name)
        if not name.lower().endswith(RECORD_SUFFIXES) or record_id(name) != rid:
            raise InputError(f"{name!r}: expected the record's id and .yaml, .yml or .json")
        ref = RECORDS + rid
        with self._lock():
            commit = self._commit(name, text.encode("utf-8"), expected, note)
            if self.url is None:
                self._update(ref, commit, expected or _ZERO, note)
            else:
                self._push(ref, commit, expected or "")
                seen = f"update {SEEN}{rid} {commit}\nupdate {FETCHED}{rid} {commit}\n"
                self.git.run("update-ref", "--stdin", stdin=seen.encode())  # the clone's memory
        self._entries[rid] = name
        return commit

    def _commit(self, name: str, data: bytes, parent: str | None, note: str) -> str:
        """A new commit of ``data`` as the file ``name``, on ``parent``."""
        blob = self.git.text("hash-object", "-w", "--stdin", stdin=data)
        tree = self.git.text("mktree", stdin=f"100644 blob {blob}\t{name}\n".encode())
        self._identity()
        parents = ["-p", parent] if parent else []
        return self.git.text("commit-tree", tree, *parents, stdin=note.encode("utf-8"))

    def _update(self, ref: str, commit: str, old: str, note: str) -> None:
        """Move ``ref`` from ``old`` to ``commit``, or fail if it is not at ``old``;
        the move is noted in the ref's log (the repository's memory)."""
        try:
            self.git.run(
                "update-ref", "--create-reflog", "-m", note.splitlines()[0], ref, commit, old
            )
        except GitFailed as exc:
            if "cannot lock ref" in exc.message or "already exists" in exc.message:
                raise Conflict(exc.message) from None
            raise self._failure("cannot write the record", exc.message) from None

    def _push(self, ref: str, commit: str, old: str) -> None:
        assert self.url is not None
        lease = f"--force-with-lease={ref}:{old}"
        code, out, err = self.git.attempt("push", "--porcelain", lease, self.url, f"{commit}:{ref}")
        if code == 0:
            return
        refused = [line for line in out.splitlines() if line.startswith("!")]
        if not refused:
            raise self._failure("cannot push the record", err.strip() or out.strip())
        reason = refused[0].split("\t")[-1]
        if any(word in reason for word in _RACE):
            raise Conflict(reason)
        said = " ".join(
            line.removeprefix("remote:").strip()
            for line in err.splitlines()
            if line.startswith("remote:") and line.removeprefix("remote:").strip()
        )
        raise self._failure(f"the repository refused the record's new version: {reason}", said)

    # -- the clone and the repository ----------------------------------------------------

    def checked_id(self, name: str) -> str:
        """The record id ``name`` stands for, which must make a valid ref name."""
        rid = record_id(name)
        if not _ID.fullmatch(rid) or ".." in rid or rid.endswith((".lock", ".")):
            raise InputError(
                f"{name!r} is not a record id a git store can hold",
                location=Location(self._address),
                hint="a record id is letters, digits, '.', '_' and '-' (not '..', not ending "
                "in '.' or '.lock'), optionally followed by .yaml, .yml or .json",
            )
        return rid

    def _fetch_one(self, rid: str) -> None:
        ref = RECORDS + rid
        self.rewritten.discard(rid)
        try:
            self._fetch(f"+{ref}:{FETCHED}{rid}", f"{ref}:{SEEN}{rid}")
        except _Missing:
            self.git.attempt("update-ref", "-d", FETCHED + rid)
        except _Rewound:  # the seen ref stays where it was: the history check reports it
            self.rewritten.add(rid)

    def _fetch(self, *specs: str) -> None:
        assert self.url is not None
        code, out, err = self.git.attempt(
            "fetch", "--no-tags", "--no-write-fetch-head", self.url, *specs
        )
        if code == 0:
            return
        if "couldn't find remote ref" in err:
            raise _Missing()
        if "non-fast-forward" in err and SEEN in err:
            raise _Rewound()
        raise self._failure("cannot fetch the records", err.strip() or out.strip())

    def _clone(self) -> None:
        if not (self.repo / "objects").is_dir():
            self.repo.mkdir(parents=True, exist_ok=True)
            try:
                self.git.run("init", "--bare", "-q")
            except GitFailed as exc:
                raise self._failure("cannot make the store's clone", exc.message) from None

    def _check_repository(self) -> None:
        code, _, _ = self.git.attempt("rev-parse", "--git-dir")
        if code != 0 or not self.repo.is_dir():
            raise InputError(
                "not a git repository",
                location=Location(self._address),
                hint="give a repository made with 'git init --bare', or the URL of one "
                "(git+file://, git+https://, git+ssh://)",
            )

    @contextmanager
    def _lock(self) -> Iterator[None]:
        """Hold the clone's lock, so that writers on one machine share it safely (a local
        repository needs none: its refs are updated with a compare-and-swap). Only
        holders of the lock run git in the clone, so a ref's lock file found there was
        left by a writer that was killed, and is removed."""
        if self.url is None:
            yield
            return
        with locked(self.repo / "HEAD"):
            for stale in (self.repo / "refs" / "sdlc").glob("*/*.lock"):
                stale.unlink(missing_ok=True)
            yield

    def _identity(self) -> None:
        """Commit as the user git is configured with, or as sdlc where it knows no one
        (the record's signatures, not a commit's author, say who did what)."""
        if self._who is None:
            code, _, _ = self.git.attempt("var", "GIT_COMMITTER_IDENT")
            self._who = code == 0
            if not self._who:
                for part in ("AUTHOR", "COMMITTER"):
                    self.git.env.setdefault(f"GIT_{part}_NAME", "sdlc")
                    self.git.env.setdefault(f"GIT_{part}_EMAIL", "sdlc@localhost")

    def _failure(self, what: str, said: str) -> InputError:
        detail = f": {said.strip().splitlines()[-1]}" if said.strip() else ""
        return InputError(
            f"{what}{detail}",
            location=Location(self._address),
            hint="check the address, and that git can reach it with this runner's "
            "credentials (git's own configuration: a credential helper, the SSH agent)",
        )


class _Missing(Exception):
    """The remote has no such ref."""


class _Rewound(Exception):
    """The remote ref no longer descends from the one seen earlier."""
