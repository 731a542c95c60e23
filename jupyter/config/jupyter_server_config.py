# Read by JupyterLab (and Notebook 7), both on jupyter_server, when `npm start` puts this folder on
# JUPYTER_CONFIG_PATH. Nothing is installed globally: the learner's own ~/.jupyter config is still read and
# outranks this file. Tested by test/start-lab-config.test.ts (REST API and a real browser).
import os

c = get_config()  # noqa: F821 (Jupyter provides get_config when it loads this file)
here = os.path.dirname(os.path.abspath(__file__))  # traitlets sets __file__ for config files

# The course kernel and only it, wherever a learner starts a notebook: the launcher, File -> New ->
# Notebook, the kernel dialog. With Python listed, JupyterLab's kernel dialog preselected "Python 3"
# (it sorts by name when a new notebook names no kernel) and Enter gave a notebook where the course's
# imports fail. The course has no Python lessons; a learner's own config can list Python again.
c.MappingKernelManager.default_kernel_name = "private-clustering-ts"
c.KernelSpecManager.allowed_kernelspecs = {"private-clustering-ts"}
c.KernelSpecManager.ensure_native_kernel = False

# JupyterLab settings defaults for the course (jupyter/lab/settings/overrides.json): no news pop-up, no
# update check, a new notebook starts the default kernel without asking. JupyterLab reads overrides only
# from its app settings folder, which a pip install leaves empty; a learner's own settings still win.
lab_settings = os.path.normpath(os.path.join(here, "..", "lab", "settings"))
c.LabApp.app_settings_dir = lab_settings
c.JupyterNotebookApp.app_settings_dir = lab_settings

# Stopping (Ctrl-C, or a signal to any process of `npm start`) ends every kernel: a kernel gets this long
# to exit after its shutdown request before it is killed (the default is 5 s, too long to feel clean).
c.KernelManager.shutdown_wait_time = 2.0
