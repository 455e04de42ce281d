"""Telling subscribers: each new public event, once, to chat, e-mail and webhooks.

A static page is only polled; hosted status pages push each update to their subscribers.
`statusgen notify` does that from a CI job, without a server:

1. **What readers see** (`sites`): the Statuspage-compatible JSON of a site, read from a
   built site folder, a published URL, or made from the content at `now`.
2. **Events** (`events`): every public event that JSON shows (a new incident, each update,
   a maintenance started or completed by the clock, a published postmortem), each with a
   permanent key: the incident id and the update's time, or the maintenance id and the
   transition. The events new since a previous site, no older than the horizon, in order.
3. **Messages** (`messages`): a title and plain text for apprise, or Statuspage's webhook
   payload, per event; each target (`targets`) gets the events it follows.
4. **Delivery** (`delivery`, `ledger`): one message at a time, in order. The ledger records
   each delivery as soon as it succeeds, so a second run sends nothing already sent, and a
   delivery that failed is tried again on the next run (while within the horizon).

Exactly-once in practice: a run that dies after a message left and before the ledger
recorded it sends that message again on the next run, so each event reaches a target at
most twice; nothing is lost, and nothing older than the horizon is ever sent.
"""
