"""The only Streamlit-aware package: cached data access, widgets, maps, i18n."""
