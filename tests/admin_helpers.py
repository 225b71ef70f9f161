def loaded_state(client, change_url: str) -> str:
    """What a browser sends back with an admin change form: the state it was loaded with
    (version and values), which the optimistic lock checks on save."""
    return client.get(change_url).context["adminform"].form["loaded_state"].value()
