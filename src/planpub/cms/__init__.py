"""The officers' web forms (Decap CMS at ``/quan-tri/``): its configuration, derived from the
models (:mod:`planpub.cms.config`), and its pinned, verified bundle (:mod:`planpub.cms.bundle`).
"""
