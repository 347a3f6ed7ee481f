"""HTML pages of the site: one builder per view, sharing templates, markup and links."""
