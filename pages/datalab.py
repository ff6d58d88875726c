"""Fine-tuning data lab: a shim for st.navigation (see app.py); the page is features/datalab/page.py."""

from features.datalab import page

page.render()
