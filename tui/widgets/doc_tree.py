"""The document tree: groups with counts, filled when opened, records as leaves.

Branches are asked of the index only when opened, and long lists come a
page at a time, so a 100,000-record corpus opens at once. The tree runs its
own workers against the session it is given (answering by messages to
itself, the latest reload's only); it tells the screen what the reader
chose by messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tui.model.text import visible
from tui.session import GROUPINGS, Card, Group, Key, Scope, Session
from tui.widgets.answers import Answer, Requests, post_answer
from tui.widgets.marks import with_mark

if TYPE_CHECKING:
    from tui.model import Problem

PAGE = 500  # records or groups added at a time


@dataclass(slots=True)
class NodeData:
    """What a node stands for."""

    kind: str  # "group", "record", "more", "problems", "problem", "message"
    group: Group | None = None
    card: Card | None = None
    problem: Problem | None = None
    offset: int = 0
    loaded: bool = False


_TIME = re.compile(r", (\d\d:\d\d(?::\d\d)?)(?: UTC[+-]?[\d:]*)?$")


def record_label(card: Card) -> Text:
    """The date (with its time of day, which tells a day's telegrams apart) and the title."""
    label = Text(no_wrap=True, overflow="ellipsis")
    label.append(visible(card.short, keep_layout=False), style="dim")
    time = _TIME.search(card.date or "")
    if time:
        label.append(" " + time.group(1), style="dim")
    label.append("  ")
    label.append(visible(card.title, keep_layout=False))
    return label


def group_label(group: Group) -> Text:
    label = Text(no_wrap=True, overflow="ellipsis")
    label.append(visible(group.label, keep_layout=False))
    label.append(f"  {group.count:,}", style="dim")
    return label


class DocumentTree(Tree[NodeData]):
    """The corpus as a tree, grouped by date, collection, repository, type, correspondent or folder."""

    COMPONENT_CLASSES: ClassVar[set[str]] = Tree.COMPONENT_CLASSES | {"document-tree--problems"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False, id="tree.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="tree.up"),
        Binding("l,right", "open_node", "Open", show=False, id="tree.open"),
        Binding("h,left", "close_node", "Close", show=False, id="tree.close"),
        Binding("g,home", "scroll_home", "Top", show=False, id="tree.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="tree.bottom"),
    ]

    class RecordChosen(Message):
        def __init__(self, card: Card) -> None:
            super().__init__()
            self.card = card

    class Filled(Message):
        """The top level of the tree is shown (after a reload)."""

    class ProblemChosen(Message):
        def __init__(self, problem: Problem) -> None:
            super().__init__()
            self.problem = problem

    class TopLoaded(Answer):
        """The groups of the tree's top level (for the reload numbered `request`)."""

        kind = "reload"

        def __init__(self, request: int, groups: list[Group], opened: set[Key]) -> None:
            super().__init__(request)
            self.groups, self.opened = groups, opened

    class BranchLoaded(Answer):
        """A page of a branch's records, or its groups, found since reload `request`."""

        kind = "reload"

        def __init__(self, request: int, node: TreeNode[NodeData], groups: list[Group] | None = None,
                     cards: list[Card] | None = None, total: int = 0, offset: int = 0) -> None:
            super().__init__(request)
            self.node, self.groups, self.cards, self.total, self.offset = node, groups, cards, total, offset

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Corpus", id=id)
        self.show_root = False
        self.guide_depth = 2
        self.session: Session | None = None
        self.grouping = "date"
        self.scope: Scope | None = None
        self.problems: list[Problem] = []
        self.requests = Requests()
        self._open_first = False  # open the first branches down to their first documents
        self.marked: frozenset[str] = frozenset()  # the records on the current list: drawn with a mark

    # Filling

    def reload(self, *, keep_open: bool = False, at_once: bool = False, open_first: bool = False) -> None:
        """Ask the index for the top level again (after a grouping, a scope or an index change).

        `at_once` asks on the spot instead of in a worker: one aggregation, for the first screen;
        `open_first` opens the first branch, and its first, down to the first documents.
        """
        self._open_first = open_first
        request = self.requests.start(self.TopLoaded.kind)
        opened = self._open_paths() if keep_open else set()
        if self.session is None or not self.session.ready:
            return
        if at_once:
            self._fill_top(self.TopLoaded(request, self.session.groups(self.grouping, (), self.scope), opened))
            return
        self._load_top(request, self.session, self.grouping, self.scope, opened)

    def _open_paths(self) -> set[Key]:
        paths: set[Key] = set()
        stack = list(self.root.children)
        while stack:
            node = stack.pop()
            if node.is_expanded and node.data is not None and node.data.group is not None:
                paths.add(node.data.group.path)
                stack.extend(node.children)
        return paths

    @work(thread=True, exclusive=True, group="tree-top")
    def _load_top(self, request: int, session: Session, grouping: str, scope: Scope | None,
                  opened: set[Key]) -> None:
        post_answer(self, self.TopLoaded(request, session.groups(grouping, (), scope), opened))

    @on(TopLoaded)
    def _fill_top(self, answer: TopLoaded) -> None:
        if not self.requests.is_current(answer):
            return  # a newer reload is on its way
        groups, opened = answer.groups, answer.opened
        cursor = max(self.cursor_line, 0)
        self.clear()
        if not groups:
            message = "No records match" if self.scope and self.scope.query is not None else "No records yet"
            self.root.add_leaf(Text(message, style="dim italic"), NodeData("message"))
        for number, group in enumerate(groups):
            node = self.root.add(group_label(group), NodeData("group", group))
            if group.path in opened or (number == 0 and self._open_first):
                node.expand()
        if self.problems and (self.scope is None or self.scope.query is None):
            label = Text(f"Problems  {len(self.problems):,}",
                         style=self.get_component_rich_style("document-tree--problems", partial=True))
            self.root.add(label, NodeData("problems"))
        self.border_subtitle = GROUPINGS[self.grouping]
        self.call_after_refresh(self._restore_cursor, cursor)
        self.post_message(self.Filled())

    def _restore_cursor(self, line: int) -> None:
        if self.last_line >= 0:
            self.cursor_line = min(line, self.last_line)

    def set_problems(self, problems: list[Problem]) -> None:
        self.problems = problems

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[NodeData]) -> None:
        event.stop()
        node = event.node
        data = node.data
        if data is None or data.loaded:
            return
        data.loaded = True
        if data.kind == "problems":
            self._fill_problems(node)
        elif data.kind == "group" and data.group is not None:
            node.add_leaf(Text("Loading…", style="dim italic"), NodeData("message"))
            self._load_branch(node, data.group, 0)

    def _fill_problems(self, node: TreeNode[NodeData]) -> None:
        for problem in self.problems[:PAGE * 4]:
            label = Text(no_wrap=True, overflow="ellipsis")
            label.append(visible(problem.location(), keep_layout=False), style="bold")
            label.append("  " + visible(problem.message, keep_layout=False))
            node.add_leaf(label, NodeData("problem", problem=problem))

    def _load_branch(self, node: TreeNode[NodeData], group: Group, offset: int) -> None:
        if self.session is not None:
            self._read_branch(self.requests.latest(self.BranchLoaded.kind), self.session, self.grouping, self.scope,
                              node, group, offset)

    @work(thread=True, group="tree-branch")
    def _read_branch(self, request: int, session: Session, grouping: str, scope: Scope | None,
                     node: TreeNode[NodeData], group: Group, offset: int) -> None:
        # Not exclusive: the reader may open several branches at once; a reload makes them all stale.
        if group.leaves:
            cards, total = session.records(grouping, group.path, scope, offset=offset, limit=PAGE)
            post_answer(self, self.BranchLoaded(request, node, cards=cards, total=total, offset=offset))
        else:
            post_answer(self, self.BranchLoaded(request, node, groups=session.groups(grouping, group.path, scope)))

    @on(BranchLoaded)
    def _fill_branch(self, answer: BranchLoaded) -> None:
        if not self.requests.is_current(answer):
            return  # the tree was filled again since
        if answer.cards is not None:
            self._fill_records(answer.node, answer.cards, answer.total, answer.offset)
        elif answer.groups is not None:
            self._fill_groups(answer.node, answer.groups)

    def _clear_placeholders(self, node: TreeNode[NodeData]) -> None:
        for child in list(node.children):
            if child.data is not None and child.data.kind in ("message", "more"):
                child.remove()

    def _fill_records(self, node: TreeNode[NodeData], cards: list[Card], total: int, offset: int) -> None:
        self._clear_placeholders(node)
        for card in cards:
            node.add_leaf(record_label(card), NodeData("record", card=card))
        if self._open_first and cards:
            self._open_first = False
            first = next(child for child in node.children if child.data is not None and child.data.kind == "record")
            self.call_after_refresh(self.move_cursor, first)
        shown = offset + len(cards)
        if shown < total:
            more = Text(f"… {total - shown:,} more (Enter)", style="dim italic")
            node.add_leaf(more, NodeData("more", group=node.data.group if node.data else None, offset=shown))

    def _fill_groups(self, node: TreeNode[NodeData], groups: list[Group]) -> None:
        self._clear_placeholders(node)
        for number, group in enumerate(groups[:PAGE * 4]):
            child = node.add(group_label(group), NodeData("group", group))
            if number == 0 and self._open_first:
                child.expand()
        if len(groups) > PAGE * 4:
            rest = Text(f"… {len(groups) - PAGE * 4:,} more groups: search to narrow", style="dim italic")
            node.add_leaf(rest, NodeData("message"))

    # Drawing: a label longer than the pane ends with an ellipsis (never scrolls sideways)

    def render_label(self, node: TreeNode[NodeData], base_style: Style, style: Style) -> Text:
        text = super().render_label(node, base_style, style)
        data = node.data
        if data is not None and data.card is not None and data.kind == "record" and data.card.id in self.marked:
            text = with_mark(text, True, base_style + style)
        room = self.scrollable_content_region.width - self._indent(node)
        if room > 0 and text.cell_len > room:
            text.truncate(room, overflow="ellipsis")
        return text

    def get_label_width(self, node: TreeNode[NodeData]) -> int:
        width = super().get_label_width(node) + (2 if self._is_marked(node) else 0)
        return min(width, max(self.scrollable_content_region.width - self._indent(node), 1))

    def _is_marked(self, node: TreeNode[NodeData]) -> bool:
        data = node.data
        return data is not None and data.kind == "record" and data.card is not None and data.card.id in self.marked

    def show_marks(self, marked: frozenset[str], changed: frozenset[str]) -> None:
        """Mark the records on the current list; only the lines of `changed` records are drawn again
        (the tree holds the pages the reader opened, never the whole corpus)."""
        self.marked = marked
        if not changed:
            return
        for node in list(self._tree_nodes.values()):
            data = node.data
            if data is not None and data.kind == "record" and data.card is not None and data.card.id in changed:
                node.refresh()

    def _indent(self, node: TreeNode[NodeData]) -> int:
        depth = 0
        parent = node.parent
        while parent is not None and parent is not self.root:
            depth += 1
            parent = parent.parent
        return depth * self.guide_depth

    # Choosing

    def on_tree_node_selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        event.stop()
        data = event.node.data
        if data is None:
            return
        if data.kind == "record" and data.card is not None:
            self.post_message(self.RecordChosen(data.card))
        elif data.kind == "problem" and data.problem is not None:
            self.post_message(self.ProblemChosen(data.problem))
        elif data.kind == "more" and data.group is not None and event.node.parent is not None:
            parent = event.node.parent
            event.node.set_label(Text("Loading…", style="dim italic"))
            self._load_branch(parent, data.group, data.offset)

    def highlighted_card(self) -> Card | None:
        """The card of the document under the cursor (None on a branch)."""
        node = self.cursor_node
        data = node.data if node is not None else None
        return data.card if data is not None and data.kind == "record" else None

    def step_record(self, by: int) -> Card | None:
        """Move the cursor to the next (`by` 1) or previous (-1) document shown; its card."""
        line = self.cursor_line
        while True:
            line += by
            node = self.get_node_at_line(line) if line >= 0 else None
            if node is None:
                return None
            if node.data is not None and node.data.kind == "record":
                self.cursor_line = line
                return node.data.card

    def action_open_node(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and not node.is_expanded:
            node.expand()
        elif node.data is not None and node.data.kind in ("record", "problem", "more"):
            self.action_select_cursor()

    def action_close_node(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)
