"""The MkDocs adapter: the only code that imports ``mkdocs``, ``material`` or ``mkdocs_macros``.

:mod:`.plugin` loads the project once per build and adds the generated pages;
:mod:`.config` types its options; :mod:`.toc` and :mod:`.pages` turn the
renderer's plain data into MkDocs objects; :mod:`.macros` serves the site's
``macros/main.py``; :mod:`.build` is the one way to build a site in-process.
"""
