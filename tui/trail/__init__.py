"""The research trail: reading lists, notes, saved searches and history that last (no Textual here).

    Trail.open(corpus, secure=..., settings=..., notify=...)   the one object a browser keeps
      .toggle_mark(id) / .is_marked(id) / .current_list / .switch(name)
      .lists      Lists: names, get, create, rename, delete, add, add_many, remove, toggle,
                  set_comment, move, containing
      .notes      Notes: load (on first use, from a worker), all, of(id), add, update, delete
      .searches   Searches: all, get, save, delete
      .state      State: history (tui.history.History), last_record, last_paragraph, save
      .entries(name, cards) / .all_notes(cards) / .find_notes(query)
    anchor.anchor_at(paragraphs, n) / anchor.place(anchor, paragraphs)   a note's passage
    merge.search_with_notes(search, trail, query, card, ...)            the corpus and the notes

Every change is written at once (atomically) and never over a file changed by hand meanwhile;
what the reader should hear of goes to `notify` as a `files.Notice`.
"""
