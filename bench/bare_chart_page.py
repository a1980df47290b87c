"""The peer of the overview's first chart: a bare Streamlit page with one plotly chart.

Served like the app (`streamlit run bench/bare_chart_page.py`, same config, same browser) by
bench/bench_first_chart.py. The chart has the size and shape of the overview's first chart (the
Resolution 57 status bar: one stacked horizontal bar of four traces, 170 px high, full width),
so the difference between the two pages is what the app does before drawing it.
"""
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Bare chart", layout="wide")
figure = go.Figure()
for name, count, colour in (("Xanh", 96, "#009E73"), ("Vàng", 41, "#E69F00"), ("Đỏ", 18, "#D55E00"),
                            ("Chưa báo cáo", 11, "#BBBBBB")):
    figure.add_trace(go.Bar(x=[count], y=[""], orientation="h", name=f"{name}: {count}", marker_color=colour,
                            text=[str(count)], textposition="inside"))
figure.update_layout(barmode="stack", height=170, title="Trạng thái theo Nghị quyết 57",
                     legend={"orientation": "h", "y": -0.35, "x": 0}, margin={"l": 10, "r": 10, "t": 40, "b": 10})
figure.update_xaxes(visible=False)
figure.update_yaxes(visible=False)
st.plotly_chart(figure, width="stretch", config={"displayModeBar": False})
