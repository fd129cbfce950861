# plot.gp - the IPC speeds of build/bench/ipcbench's data file, two panels:
# round trips per second (64 B and 4 KiB), and 1 MiB streaming in MiB/s.
# Called by bench/run.sh with: data='FILE'; format='png' or 'svg'; output='FILE'.
if (format eq 'png') {
	set terminal pngcairo size 1200,520 font 'sans,10'
} else {
	set terminal svg size 1200,520 dynamic font 'sans,10'
}
set output output
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set grid ytics
set xtics rotate by -30 nomirror
set key below horizontal
set yrange [0:*]
set format y '%.0s%c'
set multiplot layout 1,2 title 'IPC between two processes on this machine (make bench)'

set title 'Ping-pong: round trips per second, log scale (higher is better)'
# Busy-waiting can be a hundred times faster than the rest: a log scale.
set logscale y
set yrange [1000:*]
# The memcpy row, the last, has no ping-pong: leave it out.
plot data every ::0::8 using 3:xtic(1) title '64 B' lc rgb '#4a78b5', \
     ''   every ::0::8 using 4 title '4 KiB' lc rgb '#e08b3a'
unset logscale y
set yrange [0:*]

set title 'Streaming 1 MiB blocks: MiB per second (higher is better)'
set format y '%.0f'
plot data using 5:xtic(1) notitle lc rgb '#5a9e4b'

unset multiplot
