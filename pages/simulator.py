"""Cost and latency simulator: when does fine-tuning pay off? (with the PEFT/LoRA panel)

The page lives in ui/sim_page.py: Streamlit compiles a page script on every run in its test harness, and
imported modules only once.
"""

from ui import sim_page

sim_page.render()
