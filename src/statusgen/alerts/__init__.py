"""From alerts to drafts: webhook payloads of monitoring systems become draft incidents.

`payloads` reads what a sender posts, `rules` is the configuration that maps alerts to the
page, `plan` decides what each alert group means for the incident files, `writing` writes it
on the safe path of `statusgen.authoring`. Nothing here publishes: a human does.
"""
