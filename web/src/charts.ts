// SPDX-License-Identifier: AGPL-3.0-or-later
// Apache ECharts, only the parts the dashboard draws (this module is loaded
// with the dashboard, never with the console).
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { init, use, type EChartsType } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export { init, type EChartsType }
